// The 13 investor personas by agent key, and the news-sentiment analyst: what the LLM layer runs in `llm` mode
// (the analysis's facts go to a model) and in `rules` mode (the persona's documented thresholds).
import { aswathDamodaran } from './aswath-damodaran';
import { benGraham } from './ben-graham';
import { billAckman } from './bill-ackman';
import { cathieWood } from './cathie-wood';
import { charlieMunger } from './charlie-munger';
import { michaelBurry } from './michael-burry';
import { mohnishPabrai } from './mohnish-pabrai';
import { nassimTaleb } from './nassim-taleb';
import { peterLynch } from './peter-lynch';
import { philFisher } from './phil-fisher';
import { rakeshJhunjhunwala } from './rakesh-jhunjhunwala';
import { stanleyDruckenmiller } from './stanley-druckenmiller';
import type { Persona } from './types';
import { warrenBuffett } from './warren-buffett';

export { NEWS_SENTIMENT } from './news-sentiment';

export const PERSONAS: Readonly<Record<string, Persona>> = Object.freeze(
  Object.fromEntries(
    [
      aswathDamodaran,
      benGraham,
      billAckman,
      cathieWood,
      charlieMunger,
      michaelBurry,
      mohnishPabrai,
      nassimTaleb,
      peterLynch,
      philFisher,
      rakeshJhunjhunwala,
      stanleyDruckenmiller,
      warrenBuffett,
    ].map((persona) => [persona.key, persona]),
  ),
);
