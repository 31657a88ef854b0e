import type { Prisma } from '../generated/prisma/client';

/** The fields a listing shows of each item: one select shared by every list. */
export const newsSummarySelect = {
  id: true,
  slug: true,
  title: true,
  description: true,
  date: true,
  featuredImageHref: true,
  featuredImageAlt: true,
  featuredImageWidth: true,
  featuredImageHeight: true,
  source: { select: { brand: true, slug: true } },
} satisfies Prisma.NewsItemSelect;

export type NewsSummary = Prisma.NewsItemGetPayload<{ select: typeof newsSummarySelect }>;
