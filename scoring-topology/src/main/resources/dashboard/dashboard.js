'use strict';
// The dashboard reads the same read-only API as any client, from whichever instance served the page; that instance
// gathers the other instances' answers. Text from the API is only ever set as textContent.

const REFRESH_MS = 2000;
const GRADES = ['A', 'B', 'C', 'D'];
let token = sessionStorage.getItem('leadscore-token');
let stages = [];

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props || {};
  Object.assign(node, rest);
  Object.assign(node.dataset, dataset || {});
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child == null ? '' : String(child)));
  }
  return node;
}

function time(iso) {
  return el('time', { dateTime: iso }, new Date(iso).toLocaleTimeString());
}

function points(value) {
  return (value > 0 ? '+' : '') + value.toFixed(2);
}

function leadLink(leadId) {
  const link = el('a', { className: 'lead', href: '#' + encodeURIComponent(leadId) }, leadId);
  link.addEventListener('click', event => {
    event.preventDefault();
    explain(leadId);
  });
  return link;
}

class Unauthorized extends Error {}

async function api(path) {
  const headers = token ? { Authorization: 'Bearer ' + token } : {};
  const response = await fetch(path, { headers });
  if (response.status === 401) {
    throw new Unauthorized('this API needs a token');
  }
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.error || response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

function setStatus(text, kind) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.className = 'status ' + kind;
}

function renderFunnel(distribution) {
  const counts = stages.map(stage => GRADES.reduce((sum, g) => sum + ((distribution[stage.id] || {})[g] || 0), 0));
  const max = Math.max(1, ...counts);
  const funnel = document.getElementById('funnel');
  funnel.replaceChildren(...stages.map((stage, i) => {
    const bar = el('div', { className: 'bar' });
    bar.style.width = (100 * counts[i] / max) + '%';
    return el('li', { title: stage.action, dataset: { stage: stage.id } },
      el('span', { className: 'stage' }, stage.id), el('div', {}, bar), el('span', { className: 'count' }, counts[i]));
  }));
}

function renderMatrix(distribution) {
  const head = el('tr', {}, el('th', {}, 'Grade'), ...stages.map(s => el('th', {}, s.id)), el('th', {}, 'All'));
  const rows = GRADES.map(grade => {
    const cells = stages.map(s => (distribution[s.id] || {})[grade] || 0);
    return el('tr', { dataset: { grade } }, el('th', {}, grade),
      ...cells.map((n, i) => el('td', { dataset: { stage: stages[i].id } }, n)),
      el('td', {}, cells.reduce((a, b) => a + b, 0)));
  });
  document.getElementById('matrix').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

function renderStageChanges(moves) {
  document.getElementById('feed-stage-changes').replaceChildren(...moves.map(move =>
    el('li', { className: 'stage-change' }, time(move.at), leadLink(move.leadId), ' ',
      el('span', { className: move.direction === 'UP' ? 'up' : 'down' },
        move.from + (move.direction === 'UP' ? ' ▲ ' : ' ▼ ') + move.to),
      ' ', move.label, el('span', { className: 'muted' }, ' ' + move.cause.toLowerCase()))));
}

function renderMqls(mqls) {
  document.getElementById('feed-mqls').replaceChildren(...mqls.map(mql =>
    el('li', { className: 'mql' }, time(mql.at), leadLink(mql.leadId), ' ', mql.label, ' → ',
      el('strong', {}, mql.repName || mql.team), mql.repName ? ' (' + mql.team + ')' : '',
      el('span', { className: 'muted' }, ' ' + mql.kind.toLowerCase() + ' by ' + mql.rule),
      el('div', { className: 'muted' }, mql.reasons.join(' · ')))));
}

function reasonsTable(reasons) {
  return el('table', {}, el('tbody', {}, ...reasons.map(r =>
    el('tr', {}, el('td', {}, r.description), el('td', { className: 'muted' }, r.ruleId),
      el('td', { className: 'points' }, points(r.points))))));
}

async function explain(leadId) {
  document.getElementById('search-input').value = leadId;
  const target = document.getElementById('explanation');
  try {
    const lead = await api('/api/leads/' + encodeURIComponent(leadId));
    target.replaceChildren(
      el('p', {}, el('span', { className: 'label' }, lead.label),
        `${lead.score.toFixed(2)} points (engagement ${lead.engagementScore.toFixed(2)}, fit ${lead.fitScore}), `
        + `stage ${lead.stage}${lead.qualified ? ' (MQL)' : ''}`),
      el('p', {}, el('strong', {}, 'Action: '), lead.stageAction),
      el('h3', {}, 'Why: every contribution now, summing to the score'),
      reasonsTable(lead.reasons),
      el('h3', {}, `Fit: grade ${lead.grade}${lead.profileKnown ? '' : ' (no CRM profile yet)'}`),
      reasonsTable(lead.fitReasons),
      el('h3', {}, 'Recent stage changes'),
      el('ul', { className: 'feed' }, ...lead.stageChanges.map(m => el('li', {}, time(m.at),
        `${m.from} → ${m.to} (${m.cause.toLowerCase()}, ${m.label})`))),
      el('p', { className: 'muted' }, `rules ${lead.rulesVersion}, evaluated ${lead.evaluatedAt}`));
    target.dataset.lead = lead.leadId;
  } catch (error) {
    target.replaceChildren(el('p', { className: 'error' },
      error.status === 404 ? `No lead ${leadId} yet.` : error.message));
    delete target.dataset.lead;
  }
}

async function refresh() {
  try {
    const [distribution, moves, mqls] = await Promise.all(
      [api('/api/distribution'), api('/api/stage-changes?limit=40'), api('/api/mqls?limit=20')]);
    renderFunnel(distribution);
    renderMatrix(distribution);
    renderStageChanges(moves);
    renderMqls(mqls);
    setStatus('live', 'ok');
  } catch (error) {
    if (error instanceof Unauthorized) {
      document.getElementById('token-form').hidden = false;
    }
    setStatus(error.message, 'error');
  }
}

async function start() {
  try {
    const rules = await api('/api/rules');
    stages = rules.stages.levels;
    document.getElementById('rules-version').textContent = 'rules ' + rules.version;
  } catch (error) {
    if (error instanceof Unauthorized) {
      document.getElementById('token-form').hidden = false;
    }
    setStatus(error.message, 'error');
    return;
  }
  await refresh();
  setInterval(refresh, REFRESH_MS);
  if (location.hash) {
    explain(decodeURIComponent(location.hash.substring(1)));
  }
}

document.getElementById('search-form').addEventListener('submit', event => {
  event.preventDefault();
  explain(document.getElementById('search-input').value.trim());
});

document.getElementById('token-form').addEventListener('submit', event => {
  event.preventDefault();
  token = document.getElementById('token-input').value;
  sessionStorage.setItem('leadscore-token', token);
  document.getElementById('token-form').hidden = true;
  start();
});

start();
