import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";

// The portability check on the tests' catalog (e2e/fixtures/catalog: v6.1 and v6.12 from sources,
// v6.18 from one BTF build): names pasted and shared, an object compiled here and uploaded, a file
// that is neither, and the CLI asking this server with --api.

const canCompile =
  spawnSync("clang", ["--version"], { stdio: "ignore" }).status === 0 &&
  existsSync("/usr/include/bpf/bpf_helpers.h");

function compile(): { bytes: Buffer; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "kfunc-e2e-"));
  const multiarch = spawnSync("gcc", ["-print-multiarch"], { encoding: "utf8" }).stdout?.trim();
  const object = path.join(dir, "cpumask.bpf.o");
  execFileSync("clang", [
    "-target",
    "bpf",
    "-g",
    "-O2",
    ...(multiarch ? [`-I/usr/include/${multiarch}`] : []),
    "-c",
    path.join(import.meta.dirname, "fixtures", "bpf", "cpumask.bpf.c"),
    "-o",
    object,
  ]);
  return { bytes: readFileSync(object), dir };
}

test("pasted names give a report with a link to share", async ({ page, browser }) => {
  await page.goto("/check");
  await page.getByLabel(/Names separated by spaces/).fill("bpf_cpumask_create scx_bpf_dispatch");
  await page.getByLabel("…or this release and later").first().selectOption("v6.12");
  await page.getByRole("button", { name: "Check names" }).click();
  await expect(page).toHaveURL(/\/check\?names=bpf_cpumask_create\+scx_bpf_dispatch&release=&min=v6\.12/);
  const verdict = page.getByRole("region", { name: "Verdict" });
  await expect(verdict).toContainText("✕ Fails — target v6.12 to v6.18");
  const row = page.getByRole("row", { name: /scx_bpf_dispatch/ }).first();
  await expect(row).toContainText("Removed");

  // The link opens the same report for someone else.
  const shared = await browser.newPage();
  await shared.goto(page.url());
  await expect(shared.getByRole("region", { name: "Verdict" })).toContainText("Fails");
  await expect(shared.getByRole("link", { name: "bpf_cpumask_create" }).first()).toBeVisible();
  await shared.close();
});

test("an uploaded object's programs and kfuncs are read and judged", async ({ page }) => {
  test.skip(!canCompile, "clang and libbpf-dev are needed to compile the object");
  const { bytes, dir } = compile();
  try {
    await page.goto("/check");
    await page.getByLabel(/A compiled program/).setInputFiles({
      name: "cpumask.bpf.o",
      mimeType: "application/octet-stream",
      buffer: bytes,
    });
    await page.getByRole("button", { name: "Check file" }).click();
    const report = page.getByTestId("check-report");
    // Strong kfuncs new in v6.12, so the newest release (the default target) passes.
    await expect(report.getByRole("region", { name: "Verdict" })).toContainText("✓ Loads — target v6.18");
    const verdict = report.getByRole("region", { name: "Verdict" });
    await expect(verdict).toContainText("v6.12–v6.18 (oldest confirmed: v6.12)");
    // scx_bpf_dispatch is gone by v6.18 but weak: the program loads, and a CI check exits 2.
    await expect(verdict).toContainText("Uses scx_bpf_dispatch, removed there but declared __weak");
    await expect(verdict).toContainText("exits 2");
    await expect(report.getByRole("row", { name: /enqueue struct_ops\/enqueue STRUCT_OPS/ })).toBeVisible();
    // scx_bpf_dispatch is weak: removed, but the program loads without it.
    await expect(report.getByRole("row", { name: /scx_bpf_dispatch \(weak\)/ }).first()).toContainText(
      "Removed",
    );
    // Nothing uploaded goes into the URL.
    expect(page.url()).toMatch(/\/check$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a file that is neither an object nor BTF is refused with a reason", async ({ page }) => {
  await page.goto("/check");
  await page.getByLabel(/A compiled program/).setInputFiles({
    name: "notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("shopping list\n"),
  });
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "notes.txt" })).toHaveText(
    "notes.txt is text, not a BPF object or BTF, and holds no kfunc declarations (extern … __ksym;)",
  );
  await expect(page.getByTestId("check-report")).toHaveCount(0);
});

test("the CLI asks a running catalog with --api and exits as pluto does", async ({ baseURL }) => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["bin/kfunc", "check", ...args, "--api", baseURL as string], {
      encoding: "utf8",
    });
  const missing = run("bpf_cpumask_create", "--release", "v6.1");
  expect(missing.status, missing.stderr).toBe(3);
  expect(missing.stdout).toMatch(/^bpf_cpumask_create\s+unstable\s+-\s+-\s+-\s+v6\.1$/m);
  expect(run("bpf_cpumask_create").status).toBe(0);
  const bad = run("bpf_cpumask_create", "--release", "v2.6");
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/v2\.6 is outside the releases the catalog covers/);
});
