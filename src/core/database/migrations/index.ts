import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { MarketDataCache1764000002000 } from './1764000002000-market-data-cache';

/** Every migration in order. Append new ones; never edit one that has landed. */
export const MIGRATIONS = [InitialSchema1764000000000, MarketDataCache1764000002000];
