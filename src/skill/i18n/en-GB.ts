import { english } from './en-US.ts';
import type { Strings } from './strings.ts';

/** British English: a taxi is booked, and "OK". */
export const enGB: Strings = english({ locale: 'en-GB', ride: 'taxi', order: 'book', okay: 'OK' });
