// report.json, summary.md and junit.xml of a run with a failing scenario: the
// JSON round-trips through the reader merge uses, the XML is well-formed with a
// failure per failing scenario, and both texts carry the replay line.
import { describe, expect, it } from "vitest";
import { REPORT_SCHEMA_VERSION } from "../../src/harness/run-result.js";
import { buildReport } from "../../src/harness/run-summary.js";
import { junitXml } from "../../src/report/junit-xml.js";
import { parseReportJson, reportJson } from "../../src/report/report-json.js";
import { summaryMarkdown } from "../../src/report/summary-md.js";
import { checkMarkup } from "./markup-check.js";
import { cycleViolation, sampleReport, scenario, seed } from "./fixtures.js";

const REPLAY = "mvsim replay scenarios/bank.json --seed 101";

describe("report.json", () => {
  it("has the versioned schema shape and reads back equal", () => {
    const r = sampleReport();
    const text = reportJson(r);
    const obj = JSON.parse(text) as Record<string, unknown>;
    expect(obj.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(Object.keys(obj).sort()).toEqual(["command", "conflicts", "runId", "scenarios", "startedAt", "totals", "verdict", "schemaVersion"].sort());
    const back = parseReportJson(text, "r.json");
    expect(back).toEqual({ ok: true, report: JSON.parse(text) });
    const failing = r.scenarios[0]!.seeds[1]!;
    expect(failing.replay).toBe(REPLAY);
    expect(failing.history?.length).toBeGreaterThan(0);
    expect(failing.schedule).toMatch(/^s1:/);
  });

  it("refuses another schema version or a bad field, naming the file and path", () => {
    const obj = JSON.parse(reportJson(sampleReport())) as { schemaVersion: number; scenarios: { seeds: { verdict: string }[] }[] };
    const v2 = { ...obj, schemaVersion: 2 };
    expect(parseReportJson(JSON.stringify(v2), "a.json")).toEqual({ ok: false, error: "a.json: schemaVersion: expected 1 (this mvsim reads report schema v1), got 2" });
    obj.scenarios[0]!.seeds[1]!.verdict = "bad";
    const r = parseReportJson(JSON.stringify(obj), "b.json");
    expect(r.ok ? "" : r.error).toBe('b.json: scenarios[0].seeds[1].verdict: expected "ok" | "violation" | "unknown", got "bad"');
    const broken = parseReportJson("{\n  \"schemaVersion\": 1,", "c.json");
    expect(broken.ok ? "" : broken.error).toMatch(/^c\.json:2:\d+: /);
  });
});

describe("summary.md", () => {
  it("has a row per scenario and the replay line of the failing seed in a code block", () => {
    const md = summaryMarkdown(sampleReport());
    expect(md).toContain("| bank |");
    expect(md).toContain("| quiet |");
    expect(md).toContain("```sh\n" + REPLAY + "\n```");
    expect(md).toContain("G2-item");
    expect(md.split("\n")[0]).toBe("## mvsim: ❌ violation");
  });

  it("says nothing failed when nothing did", () => {
    const md = summaryMarkdown(buildReport({ runId: "r", startedAt: "t", command: "c" }, [scenario("q", { kind: "pass" }, [seed("q", 0, "ok")])]));
    expect(md).not.toContain("What to look at");
    expect(md).toContain("✅ ok");
  });
});

describe("junit.xml", () => {
  it("is well-formed, one testcase per scenario, the failure carrying the replay line", () => {
    const xml = junitXml(sampleReport());
    const { problem, elements } = checkMarkup(xml, "xml");
    expect(problem).toBeUndefined();
    const cases = elements.filter((e) => e.name === "testcase");
    expect(cases.map((c) => c.attrs.name)).toEqual(["bank", "quiet"]);
    const failures = elements.filter((e) => e.name === "failure");
    expect(failures).toHaveLength(1);
    expect(failures[0]!.attrs.message).toContain(REPLAY);
    expect(failures[0]!.text).toContain(REPLAY);
    // the explanation's markup-like text survives escaping
    expect(failures[0]!.text).toContain("</script><script>alert(1)</script>");
    const suite = elements.find((e) => e.name === "testsuite")!;
    expect(suite.attrs).toMatchObject({ tests: "2", failures: "1", errors: "0" });
  });

  it("an unknown scenario is an error, and control characters do not break the XML", () => {
    const weird = { ...cycleViolation, explanation: "bad \u0001 char & <tag>" };
    const r = buildReport({ runId: "r", startedAt: "2026-01-01T00:00:00.000Z", command: "c" }, [
      scenario("u", { kind: "pass" }, [seed("u", 0, "unknown")]),
      scenario("v", { kind: "pass" }, [seed("v", 0, "violation", { violations: [weird] })]),
    ]);
    const xml = junitXml(r);
    expect(checkMarkup(xml, "xml").problem).toBeUndefined();
    expect(xml).not.toContain("\u0001");
    expect(checkMarkup(xml, "xml").elements.filter((e) => e.name === "error")).toHaveLength(1);
  });
});

describe("the markup checker these tests rely on", () => {
  it("catches what breaks XML and HTML", () => {
    expect(checkMarkup('<?xml version="1.0"?><a><b></a>', "xml").problem).toMatch(/closes/);
    expect(checkMarkup('<?xml version="1.0"?><a>x & y</a>', "xml").problem).toMatch(/bad entity/);
    expect(checkMarkup('<?xml version="1.0"?><a x="1" x="2"/>', "xml").problem).toMatch(/duplicate/);
    expect(checkMarkup('<?xml version="1.0"?><a x=1/>', "xml").problem).toMatch(/malformed/);
    expect(checkMarkup("<div><p></div>", "html").problem).toMatch(/closes/);
    expect(checkMarkup("<div><script>if (a < b) {}</script><br></div>", "html").problem).toBeUndefined();
  });
});
