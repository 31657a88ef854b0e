import type { TextRun } from '@/lib/search/highlight';

/** Text with the matched words marked; every run is rendered as text, never as HTML. */
export function TextRuns({ runs }: { runs: TextRun[] }) {
  return (
    <>
      {runs.map((run, i) => (run.hit ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>))}
    </>
  );
}
