'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { routes } from '@/lib/urls/pages';

/**
 * The web editor's form: a curated link's fields, topics and offerings with
 * suggestions from the store, a live preview of the body as the item page will show
 * it (rendered and sanitized on the server by the ingest's own stage), and the
 * ingest's validation messages next to the fields they concern.
 */
export interface FormValues {
  url: string;
  title: string;
  description: string;
  topics: string[];
  offerings: string[];
  body: string;
  status: 'published' | 'draft';
}

type FieldKey = 'url' | 'title' | 'description' | 'topics' | 'offerings' | 'body' | 'general';
interface Problem {
  field?: string;
  message: string;
  line?: number;
}
type Saved = { path: string; slug: string; status: 'published' | 'draft'; liveMs: number; version: string };

/** Where a problem from the schema (field paths of the record format) belongs in the form. */
function fieldOf(path: string | undefined): FieldKey {
  if (!path) return 'general';
  if (/^(url|link)/.test(path)) return 'url';
  if (/^(title|slug|breadcrumbs)/.test(path)) return 'title';
  if (/^description/.test(path)) return 'description';
  if (/^(topics|categor)/.test(path)) return 'topics';
  if (/^(offerings|relatedOfferings)/.test(path)) return 'offerings';
  if (/^body/.test(path)) return 'body';
  return 'general';
}

export function RecordForm({ csrf, initial, existing }: { csrf: string; initial: FormValues; existing?: { path: string; version: string } }) {
  const [values, setValues] = useState(initial);
  const [version, setVersion] = useState(existing?.version);
  const [problems, setProblems] = useState<Partial<Record<FieldKey, string[]>>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [preview, setPreview] = useState('');
  const id = useId();
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // A field's message goes once the editor changes the field.
    if (key !== 'status') setProblems(({ [key as FieldKey]: _fixed, ...rest }) => rest);
  };

  // Live preview, a moment after typing stops.
  useEffect(() => {
    const timer = setTimeout(async () => {
      if (!values.body.trim()) return setPreview('');
      const res = await fetch('/api/editor/preview', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ body: values.body }) });
      if (res.ok) setPreview(((await res.json()) as { html: string }).html);
      else if (res.status === 422) {
        // Over the renderer's budget: say why next to the body, as a save would.
        const answer = (await res.json()) as { problems: Problem[] };
        setPreview('');
        setProblems((p) => ({ ...p, body: answer.problems.map((x) => x.message) }));
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [values.body, csrf]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setSaved(null);
    try {
      const res = await fetch('/api/editor/records', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ ...values, ...(existing ? { path: existing.path, version } : {}) }),
      });
      const answer = (await res.json()) as Saved & { problems?: Problem[]; error?: string };
      if (!res.ok) {
        const grouped: Partial<Record<FieldKey, string[]>> = {};
        for (const p of answer.problems ?? [{ message: answer.error ?? `the save failed (${res.status})` }]) {
          const key = fieldOf(p.field);
          (grouped[key] ??= []).push(p.line ? `line ${p.line}: ${p.message}` : p.message);
        }
        setProblems(grouped);
        return;
      }
      setProblems({});
      setSaved(answer);
      // The next save of this record is made on the version just written.
      if (existing) setVersion(answer.version);
      else setValues(initial);
    } finally {
      setSaving(false);
    }
  }

  const errors = (key: FieldKey) =>
    problems[key]?.length ? (
      <ul className="field-error" id={`${id}-${key}-error`}>
        {problems[key]!.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    ) : null;
  const described = (key: FieldKey) => (problems[key]?.length ? `${id}-${key}-error` : undefined);

  return (
    <form className="record-form" onSubmit={submit} noValidate>
      {errors('general')}
      <p>
        <label htmlFor={`${id}-url`}>Address of the article</label>
        <input id={`${id}-url`} name="url" type="url" value={values.url} onChange={(e) => set('url', e.target.value)} aria-invalid={!!problems.url} aria-describedby={described('url')} placeholder="https://" />
        {errors('url')}
      </p>
      <p>
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} name="title" value={values.title} onChange={(e) => set('title', e.target.value)} aria-invalid={!!problems.title} aria-describedby={described('title')} />
        {errors('title')}
      </p>
      <p>
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea id={`${id}-description`} name="description" rows={3} value={values.description} onChange={(e) => set('description', e.target.value)} aria-describedby={described('description')} />
        {errors('description')}
      </p>
      <ListField label="Topics" kind="topics" placeholder="Collection: Label, e.g. HIMSS: Telehealth" values={values.topics} onChange={(v) => set('topics', v)} error={errors('topics')} describedBy={described('topics')} />
      <ListField label="Related offerings" kind="offerings" placeholder="e.g. Luscii Platform" values={values.offerings} onChange={(v) => set('offerings', v)} error={errors('offerings')} describedBy={described('offerings')} />
      <div className="editor-body">
        <p>
          <label htmlFor={`${id}-body`}>Body (Markdown)</label>
          <textarea id={`${id}-body`} name="body" rows={10} value={values.body} onChange={(e) => set('body', e.target.value)} aria-describedby={described('body')} />
          {errors('body')}
        </p>
        <section aria-label="Preview" className="editor-preview">
          <h2>Preview</h2>
          {/* Sanitized on the server by rehype-sanitize, as on the item page. */}
          <div className="prose" data-testid="preview" dangerouslySetInnerHTML={{ __html: preview }} />
        </section>
      </div>
      <fieldset>
        <legend>Status</legend>
        <label>
          <input type="radio" name="status" value="published" checked={values.status === 'published'} onChange={() => set('status', 'published')} /> Published
        </label>{' '}
        <label>
          <input type="radio" name="status" value="draft" checked={values.status === 'draft'} onChange={() => set('status', 'draft')} /> Draft (not on the site)
        </label>
      </fieldset>
      <p>
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : existing ? 'Save changes' : 'Save'}
        </button>
      </p>
      <div role="status" aria-live="polite">
        {saved ? (
          <p className="editor-saved">
            Saved <code>{saved.path}</code>
            {saved.status === 'published' ? (
              <>
                {' '}
                — live at <a href={routes.news(saved.slug)}>{routes.news(saved.slug)}</a> ({saved.liveMs} ms)
              </>
            ) : (
              ' as a draft: it is not on the site'
            )}
            .
          </p>
        ) : null}
      </div>
    </form>
  );
}

function ListField(props: { label: string; kind: 'topics' | 'offerings'; placeholder: string; values: string[]; onChange: (v: string[]) => void; error: React.ReactNode; describedBy?: string }) {
  const { label, kind, placeholder, values, onChange, error, describedBy } = props;
  const [draft, setDraft] = useState('');
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const id = useId();
  const latest = useRef('');

  useEffect(() => {
    latest.current = draft;
    if (draft.trim().length < 2) return setSuggestions([]);
    const timer = setTimeout(async () => {
      const res = await fetch(`/api/editor/suggest?kind=${kind}&q=${encodeURIComponent(draft)}`);
      if (res.ok && latest.current === draft) setSuggestions(((await res.json()) as { suggestions: string[] }).suggestions);
    }, 120);
    return () => clearTimeout(timer);
  }, [draft, kind]);

  const add = () => {
    const value = draft.trim();
    if (value && !values.includes(value)) onChange([...values, value]);
    setDraft('');
  };

  return (
    <div className="list-field">
      <label htmlFor={`${id}-input`}>{label}</label>
      {values.length ? (
        <ul className="chips" aria-label={`${label} chosen`}>
          {values.map((v) => (
            <li key={v}>
              {v}{' '}
              <button type="button" onClick={() => onChange(values.filter((x) => x !== v))} aria-label={`Remove ${v}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="list-field-add">
        <input
          id={`${id}-input`}
          list={`${id}-list`}
          value={draft}
          placeholder={placeholder}
          aria-describedby={describedBy}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <datalist id={`${id}-list`}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <button type="button" onClick={add}>
          Add
        </button>
      </div>
      {error}
    </div>
  );
}
