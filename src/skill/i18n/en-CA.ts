import { english } from './en-US.ts';
import type { Strings } from './strings.ts';

/** Canadian English: as in the United States (rides are ordered), with Canadian number and list formats. */
export const enCA: Strings = english({ locale: 'en-CA', ride: 'ride', order: 'order', okay: 'Okay' });
