import { NEWS_SENTIMENT, type NewsSentimentAnalyst, type Persona, PERSONAS } from '../../engine';

/** The investor personas and the news-sentiment analyst the LLM layer runs (pure, from src/engine). */
export interface PersonaCatalog {
  persona(key: string): Persona | undefined;
  readonly newsSentiment: NewsSentimentAnalyst | undefined;
}

export const PERSONA_CATALOG = Symbol('PERSONA_CATALOG');

/** A catalog over a list of personas (keys unique) and the news-sentiment analyst. */
export function personaCatalog(personas: readonly Persona[], newsSentiment: NewsSentimentAnalyst | undefined): PersonaCatalog {
  const byKey = new Map<string, Persona>();
  for (const persona of personas) {
    if (byKey.has(persona.key)) throw new Error(`Persona "${persona.key}" is listed twice`);
    byKey.set(persona.key, persona);
  }
  return { persona: (key) => byKey.get(key), newsSentiment };
}

/** The engine's personas and news-sentiment analyst. */
export const ENGINE_PERSONAS: PersonaCatalog = personaCatalog(Object.values(PERSONAS), NEWS_SENTIMENT);
