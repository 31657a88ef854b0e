'use client';

import { routes } from '@/lib/urls/pages';

/**
 * What a reader sees when a page fails to render (a store that vanished mid-request, a
 * bug): an apology and ways on, never a stack trace. A store that was never built is
 * answered before rendering, with 503 and what to do (proxy.ts, lib/site/unavailable.ts).
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="not-found">
      <h1>This page could not be shown</h1>
      <p>Something went wrong on our side while putting it together. Try again in a moment, or go on from here:</p>
      <ul>
        <li>
          <a href={routes.newsList()}>The latest news</a>, newest first
        </li>
        <li>
          <a href={routes.topics()}>All topics</a>, grouped by collection
        </li>
      </ul>
      <p>
        <button type="button" className="button" onClick={() => reset()}>
          Try again
        </button>
      </p>
    </section>
  );
}
