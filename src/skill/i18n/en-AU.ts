import { english } from './en-US.ts';
import type { Strings } from './strings.ts';

const base = english({ locale: 'en-AU', ride: 'ride', order: 'book', okay: 'Okay' });

/** Australian English: rides are booked, and a declined one is no worries. */
export const enAU: Strings = {
  ...base,
  order: { ...base.order, declined: "No worries, I won't book that ride." },
};
