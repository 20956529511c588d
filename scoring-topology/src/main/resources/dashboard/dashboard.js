'use strict';
// The dashboard reads the same read-only API as any client, from whichever instance served the page; that instance
// gathers the other instances' answers. Text from the API is only ever set as textContent.

const REFRESH_MS = 2000;
/** A comparison reads both score topics whole; the API keeps one for 30 s. */
const SHADOW_REFRESH_MS = 30000;
const GRADES = ['A', 'B', 'C', 'D'];
const PALETTE = ['#2f6fde', '#1a7f4b', '#d98a00', '#b3261e', '#7b4fd6', '#0f8b8d', '#c2185b', '#5d6d7e'];
let token = sessionStorage.getItem('leadscore-token');
let stages = [];
let rulesVersion = null;
const charts = {};

/** Draws a chart, or gives an existing one new data without animating, so that a refresh does not flicker. */
function chart(id, type, labels, datasets, options) {
  const existing = charts[id];
  if (existing && existing.canvas === document.getElementById(id)) {
    existing.data.labels = labels;
    existing.data.datasets = datasets;
    existing.update('none');
    return;
  }
  if (existing) {
    existing.destroy();
  }
  charts[id] = new Chart(document.getElementById(id), {
    type, data: { labels, datasets },
    options: { animation: false, responsive: true, maintainAspectRatio: false, ...options },
  });
}

const STACKED = { scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 } } } };

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

function accountLink(domain) {
  const link = el('a', { className: 'account', href: '#' }, domain);
  link.addEventListener('click', event => {
    event.preventDefault();
    showAccount(domain);
  });
  return link;
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

function renderStageEntries(daily) {
  const known = stages.map(stage => stage.id);
  const ids = known.concat(Object.keys(daily.stageEntries).filter(id => !known.includes(id)));
  const none = daily.days.map(() => 0);
  const datasets = ids.flatMap((id, i) => {
    const entries = daily.stageEntries[id] || {};
    const color = PALETTE[i % PALETTE.length];
    return [
      { label: id + ' ▲', data: entries.up || none, backgroundColor: color, stack: 'entries' },
      { label: id + ' ▼', data: (entries.down || none).map(n => -n), backgroundColor: color + '80', stack: 'entries' },
    ];
  });
  chart('stage-entries-chart', 'bar', daily.days, datasets, STACKED);
}

function renderMqlsPerRep(daily) {
  const datasets = Object.entries(daily.mqlsPerRep).map(([rep, counts], i) =>
    ({ label: rep, data: counts, backgroundColor: PALETTE[i % PALETTE.length], stack: 'reps' }));
  chart('mqls-per-rep-chart', 'bar', daily.days, datasets, STACKED);
}

/** Share of each grade × band cohort's MQLs that sales accepted, as a heatmap: the darker, the better it converts. */
function renderConversion(report) {
  const cells = new Map(report.rows.map(row => [row.value, row]));
  const head = el('tr', {}, el('th', {}, 'Grade'),
    ...report.bands.map(b => el('th', { title: b.engagement + ' points' }, `band ${b.band}`,
      el('span', { className: 'muted' }, ' ' + b.engagement))));
  const rows = GRADES.map(grade => el('tr', { dataset: { grade } }, el('th', {}, grade),
    ...report.bands.map(b => {
      const row = cells.get(grade + b.band);
      if (!row || row.mqls === 0) {
        return el('td', { className: 'muted' }, '–');
      }
      const rate = row.rate.SAL;
      const cell = el('td', { dataset: { mqls: row.mqls, rate } }, Math.round(100 * rate) + '%',
        el('span', { className: 'muted' }, `of ${row.mqls} MQL${row.mqls === 1 ? '' : 's'}`));
      cell.style.background = `rgba(47, 111, 222, ${0.1 + 0.6 * rate})`;
      return cell;
    })));
  document.getElementById('conversion').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

/** The lead's score at each of its recent stage changes, then now. */
function renderScoreHistory(lead) {
  const history = lead.stageChanges.slice().reverse().map(m => [m.at, m.score]).concat([[lead.evaluatedAt,
    lead.score]]);
  chart('score-history-chart', 'line', history.map(([at]) => new Date(at).toLocaleString()), [{
    label: 'score', data: history.map(([, score]) => score), borderColor: PALETTE[0],
  }], { plugins: { legend: { display: false } } });
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
    if (lead.mergedInto) {
      // The CRM merged this lead into another, which has its history: show that one.
      await explain(lead.mergedInto);
      return;
    }
    target.replaceChildren(
      el('p', {}, el('span', { className: 'label' }, lead.label),
        `${lead.score.toFixed(2)} points (engagement ${lead.engagementScore.toFixed(2)}, fit ${lead.fitScore}), `
        + `stage ${lead.stage}${lead.qualified ? ' (MQL)' : ''}`),
      el('p', {}, el('strong', {}, 'Action: '), lead.stageAction),
      ...(lead.account ? [el('p', {}, el('strong', {}, 'Account: '), accountLink(lead.account))] : []),
      el('h3', {}, 'Why: every contribution now, summing to the score'),
      reasonsTable(lead.reasons),
      el('h3', {}, `Fit: grade ${lead.grade}${lead.profileKnown ? '' : ' (no CRM profile yet)'}`),
      reasonsTable(lead.fitReasons),
      el('h3', {}, `Sales status: ${lead.salesStatus.status}`
        + (lead.salesStatus.cycle > 0 ? ` (cycle ${lead.salesStatus.cycle})` : '')),
      el('h3', {}, 'Score history'),
      el('div', { className: 'chart small' }, el('canvas', { id: 'score-history-chart' })),
      el('h3', {}, 'Recent stage changes'),
      el('ul', { className: 'feed' }, ...lead.stageChanges.map(m => el('li', {}, time(m.at),
        `${m.from} → ${m.to} (${m.cause.toLowerCase()}, ${m.label})`))),
      el('p', { className: 'muted' }, `rules ${lead.rulesVersion}, evaluated ${lead.evaluatedAt}`));
    renderScoreHistory(lead);
    target.dataset.lead = lead.leadId;
  } catch (error) {
    target.replaceChildren(el('p', { className: 'error' },
      error.status === 404 ? `No lead ${leadId} yet.` : error.message));
    delete target.dataset.lead;
  }
}

async function showAccount(domain) {
  document.getElementById('account-input').value = domain;
  const target = document.getElementById('account');
  try {
    const account = await api('/api/accounts/' + encodeURIComponent(domain));
    const role = r => el('span', { className: 'role' }, r);
    target.replaceChildren(
      el('p', {}, el('span', { className: 'label' }, account.stage),
        `${account.score.toFixed(2)} points (engagement ${account.engagementScore.toFixed(2)}, fit ${account.fitScore}),`
        + ` ${account.leadCount} leads${account.qualified ? ' (MQA)' : ''}`),
      el('p', {}, el('strong', {}, 'Action: '), account.stageAction),
      el('p', {}, el('strong', {}, `Buying group: ${Math.round(account.coverage * 100)}% covered. `),
        'Engaged: ', ...account.rolesEngaged.map(role), ' Missing: ', ...account.rolesMissing.map(role)),
      el('h3', {}, 'Leads, most engaged first'),
      el('table', { className: 'account-leads' }, el('tbody', {}, ...account.leads.map(lead =>
        el('tr', { className: lead.counted ? '' : 'muted' }, el('td', {}, leadLink(lead.leadId)),
          el('td', {}, lead.role || ''), el('td', { className: 'points' }, points(lead.engagementScore)),
          el('td', { className: 'muted' }, lead.explanation ? lead.explanation.label : ''))))),
      reasonsTable(account.fitReasons),
      el('p', { className: 'muted' }, `evaluated ${account.evaluatedAt}`));
  } catch (error) {
    target.replaceChildren(el('p', { className: 'error' },
      error.status === 404 ? `No account ${domain}.` : error.message));
    if (error.status === 503) {
      // The account's task is starting or moving to another instance: ask again shortly.
      setTimeout(() => showAccount(domain), 1000);
    }
  }
}

/** Live → candidate: leads per stage and grade, moves, MQLs gained and lost, and the largest differences. */
function shadowReport(report) {
  const head = el('tr', {}, el('th', {}, 'Stage'), ...report.grades.map(g => el('th', {}, g)));
  const rows = report.stages.map(row => el('tr', { dataset: { stage: row.stage } }, el('th', {}, row.stage),
    ...report.grades.map(g => {
      const was = row.live[g] || 0;
      const would = row.candidate[g] || 0;
      return el('td', { className: would > was ? 'up' : would < was ? 'down' : '' }, `${was} → ${would}`);
    })));
  const mqls = (word, side) => `${side.count} ${word}` + (side.leads.length ? ` (${side.leads.slice(0, 5).join(', ')}`
    + (side.count > 5 ? ', …' : '') + ')' : '');
  return el('article', { className: 'shadow', dataset: { version: report.version } },
    el('h3', {}, `${report.version}`, el('span', { className: 'muted' },
      ` ${report.compared} leads scored by both, ${report.candidateOnly} by the candidate only, compared `
      + new Date(report.comparedAt).toLocaleTimeString())),
    el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)),
    el('p', { className: 'moves' }, el('span', { className: 'up' }, `▲ ${report.up} up`), ' ',
      el('span', { className: 'down' }, `▼ ${report.down} down`), ` · ${report.same} same stage · MQLs `
      + mqls('gained', report.mqlsGained) + ', ' + mqls('lost', report.mqlsLost)),
    el('ul', { className: 'feed' }, ...report.largest.map(d => el('li', {}, leadLink(d.leadId),
      ` ${d.live.label} ${d.live.stage} → ${d.candidate.label} ${d.candidate.stage}`,
      el('div', { className: 'muted' }, 'live: ' + d.live.reasons.join(' · ')),
      el('div', { className: 'muted' }, report.version + ': ' + d.candidate.reasons.join(' · '))))));
}

async function refreshShadows() {
  const section = document.getElementById('shadow-section');
  try {
    const { versions } = await api('/api/shadow');
    const reports = await Promise.all(versions.map(v => api('/api/shadow/' + encodeURIComponent(v) + '?top=10')));
    document.getElementById('shadow-reports').replaceChildren(...reports.map(shadowReport));
    section.hidden = reports.length === 0;
  } catch (error) {
    document.getElementById('shadow-reports').replaceChildren(el('p', { className: 'error' }, error.message));
    section.hidden = false;
  }
}

async function refresh() {
  try {
    const [distribution, moves, mqls, daily, conversion] = await Promise.all(
      [api('/api/distribution'), api('/api/stage-changes?limit=40'), api('/api/mqls?limit=20'),
        api('/api/daily?days=14'),
        api('/api/effectiveness?dimension=grade-band&rulesVersion=' + encodeURIComponent(rulesVersion))]);
    renderFunnel(distribution);
    renderMatrix(distribution);
    renderStageChanges(moves);
    renderMqls(mqls);
    renderStageEntries(daily);
    renderMqlsPerRep(daily);
    renderConversion(conversion);
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
    rulesVersion = rules.version;
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
  refreshShadows();
  setInterval(refreshShadows, SHADOW_REFRESH_MS);
  if (location.hash) {
    explain(decodeURIComponent(location.hash.substring(1)));
  }
}

document.getElementById('search-form').addEventListener('submit', event => {
  event.preventDefault();
  explain(document.getElementById('search-input').value.trim());
});

document.getElementById('account-form').addEventListener('submit', event => {
  event.preventDefault();
  showAccount(document.getElementById('account-input').value.trim());
});

document.getElementById('token-form').addEventListener('submit', event => {
  event.preventDefault();
  token = document.getElementById('token-input').value;
  sessionStorage.setItem('leadscore-token', token);
  document.getElementById('token-form').hidden = true;
  start();
});

start();
