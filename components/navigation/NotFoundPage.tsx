import PlainLink from '@/components/navigation/PlainLink';
import { routes } from '@/lib/urls/pages';


export function NotFoundPage() {
  return (
    <section className="not-found">
      <h1>We could not find that page</h1>
      <p>The item or topic may have moved, or the address may be mistyped. These will get you back on track:</p>
      <ul>
        <li><PlainLink href={routes.newsList()}>The latest news</PlainLink>, newest first</li>
        <li><PlainLink href={routes.topics()}>All topics</PlainLink>, grouped by collection</li>
        <li><PlainLink href={routes.offerings()}>Products and services</PlainLink> our news covers</li>
      </ul>
    </section>
  );
}
