import type { Prisma } from '../generated/prisma/client';
import { imagesByPath, pageImage, type PageImage } from './images';

/** The fields a listing shows of each item: one select shared by every list. */
export const newsSummarySelect = {
  id: true,
  slug: true,
  title: true,
  description: true,
  date: true,
  kind: true,
  featuredImageHref: true,
  featuredImageAlt: true,
  source: { select: { brand: true, slug: true, title: true } },
} satisfies Prisma.NewsItemSelect;

export type SummaryRow = Prisma.NewsItemGetPayload<{ select: typeof newsSummarySelect }>;

/** An item as a card of a listing shows it. */
export interface NewsSummary {
  id: number;
  slug: string;
  title: string;
  description: string | null;
  date: Date;
  /** article | video | feed | offering */
  kind: string;
  source: { brand: string; slug: string; title: string | null } | null;
  image: PageImage | null;
}

/** Cards of the rows of a listing, their images looked up in one query. */
export async function newsCards(rows: SummaryRow[]): Promise<NewsSummary[]> {
  const images = await imagesByPath(rows.map((r) => r.featuredImageHref));
  return rows.map(({ featuredImageHref, featuredImageAlt, ...r }) => ({ ...r, image: pageImage(images, featuredImageHref, '', 320) }));
}
