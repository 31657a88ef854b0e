export const SITE_NAME = 'Digital Health Curated';
export const SITE_TAGLINE = 'Digital-health news from the WHO, Healthcare IT News, HIMSS and more, curated by topic.';
