package io.leadscore.topology;

import io.leadscore.avro.LeadProfile;
import io.leadscore.rules.Attributes;

/** A CRM profile as the attributes fit rules and modifiers match, named as the Avro fields. */
public final class ProfileMapper {

  private ProfileMapper() {
  }

  public static Attributes attributes(LeadProfile profile) {
    if (profile == null) {
      return null;
    }
    return Attributes.builder()
        .put("firstName", profile.getFirstName())
        .put("lastName", profile.getLastName())
        .put("email", profile.getEmail())
        .put("jobTitle", profile.getJobTitle())
        .put("jobLevel", profile.getJobLevel())
        .put("department", profile.getDepartment())
        .put("company", profile.getCompany())
        .put("companyDomain", profile.getCompanyDomain())
        .put("industry", profile.getIndustry())
        .put("employees", profile.getEmployees())
        .put("annualRevenue", profile.getAnnualRevenue())
        .put("country", profile.getCountry())
        .put("region", profile.getRegion())
        .put("city", profile.getCity())
        .build();
  }
}
