import { english } from './en-US.ts';
import type { Strings } from './strings.ts';

const base = english({ locale: 'en-AU', ride: 'taxi', order: 'book', okay: 'Okay' });

/** Australian English: a taxi is booked, and a declined one is no worries. */
export const enAU: Strings = {
  ...base,
  order: { ...base.order, declined: "No worries, I won't book that taxi." },
};
