package io.leadscore.topology;

import io.leadscore.avro.LeadProfile;
import io.leadscore.rules.Attributes;
import java.util.HashMap;
import java.util.Map;

/** A CRM profile as the attributes fit rules and modifiers match, named as the Avro fields. */
final class ProfileMapper {

  private ProfileMapper() {
  }

  static Attributes attributes(LeadProfile profile) {
    if (profile == null) {
      return null;
    }
    Map<String, String> values = new HashMap<>();
    put(values, "firstName", profile.getFirstName());
    put(values, "lastName", profile.getLastName());
    put(values, "email", profile.getEmail());
    put(values, "jobTitle", profile.getJobTitle());
    put(values, "jobLevel", profile.getJobLevel());
    put(values, "department", profile.getDepartment());
    put(values, "company", profile.getCompany());
    put(values, "companyDomain", profile.getCompanyDomain());
    put(values, "industry", profile.getIndustry());
    put(values, "employees", profile.getEmployees());
    put(values, "annualRevenue", profile.getAnnualRevenue());
    put(values, "country", profile.getCountry());
    put(values, "region", profile.getRegion());
    put(values, "city", profile.getCity());
    return new Attributes(values);
  }

  private static void put(Map<String, String> values, String name, Object value) {
    if (value != null) {
      values.put(name, value.toString());
    }
  }
}
