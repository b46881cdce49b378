import { describe, expect, it } from "vitest";
import { scheduleChoice, scheduleFormSchema } from "./schedule";
import { validationTranslator } from "@/lib/i18n/translator";
import { issueText } from "@/lib/i18n/validation-text";

describe("scheduleFormSchema", () => {
  it("turns the form's choices into hours between captures", () => {
    expect(scheduleFormSchema.parse({ linkId: "4", every: "off" })).toEqual({ linkId: 4, hours: null });
    expect(scheduleFormSchema.parse({ linkId: "4", every: "daily", hours: "" })).toEqual({ linkId: 4, hours: 24 });
    expect(scheduleFormSchema.parse({ linkId: "4", every: "weekly" })).toEqual({ linkId: 4, hours: 168 });
    expect(scheduleFormSchema.parse({ linkId: "4", every: "custom", hours: " 36 " })).toEqual({ linkId: 4, hours: 36 });
    expect(scheduleFormSchema.parse({ linkId: "4", every: "custom", hours: "8784" })).toEqual({ linkId: 4, hours: 8784 });
  });

  it("refuses hours that are not a whole number from 1 to 8784, naming the field", () => {
    for (const hours of ["0", "8785", "1.5", "-3", "abc", "", undefined]) {
      const result = scheduleFormSchema.safeParse({ linkId: "4", every: "custom", hours });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({ path: ["hours"], message: "validation.recaptureHours" });
      expect(issueText(result.error!.issues[0]!, validationTranslator("en"))).toBe("Enter a whole number of hours from 1 to 8,784.");
    }
    expect(scheduleFormSchema.safeParse({ linkId: "4", every: "monthly" }).success).toBe(false);
  });

  it("shows a stored interval as the matching choice", () => {
    expect([null, 24, 168, 36].map(scheduleChoice)).toEqual(["off", "daily", "weekly", "custom"]);
  });
});
