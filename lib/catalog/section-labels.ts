import { addressKind } from '../urls/addresses';
import { diagnostic, type Diagnostic } from '../content/problems';
import type { Breadcrumb } from '../content/schema';

/**
 * What records call each section. A section's page is titled with the label most of its
 * records give it (ties: the first in alphabetical order; lib/store/derived.ts decides
 * the same in the store); a record that calls it otherwise gets a warning. It never
 * refuses a record.
 */
export class SectionLabels {
  private readonly votes = new Map<string, Map<string, string[]>>();

  add(file: string, trail: Breadcrumb[]): void {
    trail.forEach((step) => {
      if (step.href === null || addressKind(step.href) !== 'section') return;
      let labels = this.votes.get(step.href);
      if (!labels) this.votes.set(step.href, (labels = new Map()));
      const files = labels.get(step.label);
      if (files) files.push(file);
      else labels.set(step.label, [file]);
    });
  }

  /** One warning per record whose label of a section is not the one most records give. */
  warnings(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const [path, labels] of this.votes) {
      if (labels.size < 2) continue;
      const [winner, winnerFiles] = [...labels].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]!;
      for (const [label, files] of labels) {
        if (label === winner) continue;
        for (const file of files) {
          const others = `${winnerFiles.length} other record${winnerFiles.length === 1 ? '' : 's'}`;
          out.push(diagnostic('section-label', file, `"${label}" names the section ${path}, which ${others} call "${winner}"; its page is titled "${winner}"`, { field: 'breadcrumbs' }));
        }
      }
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
}
