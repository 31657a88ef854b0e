import { store } from '../store/connection';
import { newsCards, newsSummarySelect } from './summary';
import { sectionsDirectory } from './section';
import { mainTopics } from './topic';

/** `/`: the latest items, the topics with the most news, and the sections (communities, feeds). */
export async function homePage() {
  const [latest, topics, total, sections] = await Promise.all([
    store().newsItem.findMany({ select: newsSummarySelect, orderBy: [{ date: 'desc' }, { id: 'asc' }], take: 12 }),
    mainTopics(12),
    store().newsItem.count(),
    sectionsDirectory(),
  ]);
  return { latest: await newsCards(latest), topics, total, sections: sections.roots };
}
