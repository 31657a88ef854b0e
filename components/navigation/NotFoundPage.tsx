import Link from '@/components/navigation/PlainLink';
import { routes } from '@/lib/site/routes';


export function NotFoundPage() {
  return (
    <section className="not-found">
      <h1>We could not find that page</h1>
      <p>The item or topic may have moved, or the address may be mistyped. These will get you back on track:</p>
      <ul>
        <li><Link href={routes.newsList()}>The latest news</Link>, newest first</li>
        <li><Link href={routes.topics()}>All topics</Link>, grouped by collection</li>
        <li><Link href={routes.offerings()}>Products and services</Link> our news covers</li>
      </ul>
    </section>
  );
}
