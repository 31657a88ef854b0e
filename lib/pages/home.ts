import { store } from '../store/connection';
import { newsCards, newsSummarySelect } from './summary';
import { mainTopics } from './topic';

/** `/`: the latest items and the topics with the most news. */
export async function homePage() {
  const [latest, topics, total] = await Promise.all([
    store().newsItem.findMany({ select: newsSummarySelect, orderBy: [{ date: 'desc' }, { id: 'asc' }], take: 12 }),
    mainTopics(12),
    store().newsItem.count(),
  ]);
  return { latest: await newsCards(latest), topics, total };
}
