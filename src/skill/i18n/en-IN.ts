import { english } from './en-US';
import type { Strings } from './strings';

/** Indian English: a cab is booked. */
export const enIN: Strings = english({ locale: 'en-IN', ride: 'cab', order: 'book', okay: 'Okay' });
