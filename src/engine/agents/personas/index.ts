// The investor personas by agent key, and the news-sentiment analyst: what the LLM layer runs in `llm` mode
// (the analysis's facts go to a model) and in `rules` mode (the persona's documented thresholds).
import { benGraham } from './ben-graham';
import { billAckman } from './bill-ackman';
import { cathieWood } from './cathie-wood';
import { charlieMunger } from './charlie-munger';
import { michaelBurry } from './michael-burry';
import { peterLynch } from './peter-lynch';
import { philFisher } from './phil-fisher';
import type { Persona } from './types';
import { warrenBuffett } from './warren-buffett';

export { NEWS_SENTIMENT } from './news-sentiment';

export const PERSONAS: Readonly<Record<string, Persona>> = Object.freeze(
  Object.fromEntries([benGraham, billAckman, cathieWood, charlieMunger, michaelBurry, peterLynch, philFisher, warrenBuffett].map((persona) => [persona.key, persona])),
);
