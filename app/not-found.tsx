import { NotFoundPage } from '@/components/navigation/NotFoundPage';

export const metadata = { title: 'Page not found', robots: { index: false } };

export default NotFoundPage;
