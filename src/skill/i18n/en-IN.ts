import { english } from './en-US.ts';
import type { Strings } from './strings.ts';

/** Indian English: a cab is booked. */
export const enIN: Strings = english({ locale: 'en-IN', ride: 'cab', order: 'book', okay: 'Okay' });
