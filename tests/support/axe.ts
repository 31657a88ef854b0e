import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A and AA: what every page is held to. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

type AxeRun = (context: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;

/**
 * axe-core's checks on the page as loaded, by tag (WCAG 2.1 A/AA unless told) or only the
 * rules named; each violation as text: the rule, then the elements breaking it. Only
 * violations are gathered in full (`resultTypes`): the selectors of every passing element,
 * which nothing reads, were a third of axe's time.
 */
export async function axeViolations(page: Page, only: { tags: readonly string[] } | { rules: readonly string[] } = { tags: WCAG_21_AA }): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const runOnly = 'rules' in only ? { type: 'rule', values: only.rules } : { type: 'tag', values: only.tags };
  const result = await page.evaluate(async (runOnly) => (window as unknown as { axe: { run: AxeRun } }).axe.run(document, { resultTypes: ['violations'], runOnly }), runOnly);
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
