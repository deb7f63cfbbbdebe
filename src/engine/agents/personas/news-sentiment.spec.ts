import { article, inputOf } from '../../../../test/support/persona-fixtures';
import type { CompanyNews } from '../../data/types';
import { NEWS_SENTIMENT } from './news-sentiment';

const labelled = (sentiment: CompanyNews['sentiment'], day: number) => article(`headline ${day}`, sentiment, `2024-05-${String(day).padStart(2, '0')}`);

describe('news_sentiment_analyst', () => {
  it('fetches up to 100 articles, newest first, with no start date', async () => {
    const news = Array.from({ length: 120 }, (_, i) => article(`h${i}`, 'neutral', `2024-0${1 + Math.floor(i / 28)}-${String(1 + (i % 28)).padStart(2, '0')}`));
    const fetched = await NEWS_SENTIMENT.fetch(inputOf({ news }));
    expect(fetched).toHaveLength(100);
    expect(fetched[0].date >= fetched[99].date).toBe(true);
  });

  it('selects at most 5 unlabelled headlines among the 10 newest', () => {
    const articles = [
      labelled(null, 20), labelled('positive', 19), labelled(null, 18), labelled(null, 17), labelled('negative', 16),
      labelled(null, 15), labelled(null, 14), labelled(null, 13), labelled(null, 12), labelled(null, 11), labelled(null, 10),
    ];
    expect(NEWS_SENTIMENT.select(articles)).toEqual([
      { index: 0, title: 'headline 20' }, { index: 2, title: 'headline 18' }, { index: 3, title: 'headline 17' },
      { index: 5, title: 'headline 15' }, { index: 6, title: 'headline 14' },
    ]);
    // the 11th article is never considered, even when fewer than 5 of the 10 newest are unlabelled
    const mostlyLabelled = [...Array.from({ length: 10 }, (_, i) => labelled('neutral', 20 - i)), labelled(null, 5)];
    expect(NEWS_SENTIMENT.select(mostlyLabelled)).toEqual([]);
  });

  it('blends the model confidence of the winning side with the winning share', () => {
    // labels: 3 positive (2 of them from the model at 80 and 60), 1 negative, 1 neutral, 1 unlabelled
    const articles = [labelled(null, 6), labelled(null, 5), labelled('positive', 4), labelled('negative', 3), labelled('neutral', 2), labelled(null, 1)];
    const result = NEWS_SENTIMENT.aggregate(articles, [
      { index: 0, sentiment: 'positive', confidence: 80 },
      { index: 1, sentiment: 'positive', confidence: 60 },
    ]);
    // bullish 3 > bearish 1 → bullish; T = 5 labelled; 0.7 × mean(80, 60) + 0.3 × 100·3/5 = 49 + 18 = 67
    expect(result).toMatchObject({ signal: 'bullish', confidence: 67 });
    expect(result.reasoning).toEqual({
      news_sentiment: {
        signal: 'bullish',
        confidence: 67,
        metrics: { total_articles: 6, bullish_articles: 3, bearish_articles: 1, neutral_articles: 1, articles_classified_by_llm: 2 },
      },
    });
  });

  it('uses the plain proportion in rules mode and when no model label is on the winning side', () => {
    const articles = [labelled('negative', 3), labelled('negative', 2), labelled('positive', 1)];
    // 2 bearish of 3 labelled → 66.67
    expect(NEWS_SENTIMENT.aggregate(articles, [])).toMatchObject({ signal: 'bearish', confidence: 66.67 });
    const withModel = [labelled(null, 4), ...articles];
    // the model says positive (90): bullish 2 = bearish 2 → neutral; no model label is neutral → 100·2/4 = 50
    expect(NEWS_SENTIMENT.aggregate(withModel, [{ index: 0, sentiment: 'positive', confidence: 90 }])).toMatchObject({ signal: 'neutral', confidence: 50 });
    // a neutral tie with a neutral model label blends: 0.7·40 + 0.3·100·1/3 = 28 + 10 = 38
    const tie = [labelled(null, 4), labelled('positive', 3), labelled('negative', 2)];
    expect(NEWS_SENTIMENT.aggregate(tie, [{ index: 0, sentiment: 'neutral', confidence: 40 }])).toMatchObject({ signal: 'neutral', confidence: 38 });
  });

  it('does not count a failed classification as positive (it stays unlabelled)', () => {
    const articles = [labelled(null, 3), labelled(null, 2), labelled('negative', 1)];
    // the model answered for index 1 only; index 0 failed and is left out
    const result = NEWS_SENTIMENT.aggregate(articles, [{ index: 1, sentiment: 'negative', confidence: 70 }]);
    // 2 bearish of 2 labelled; 0.7·70 + 0.3·100 = 79
    expect(result).toMatchObject({ signal: 'bearish', confidence: 79 });
    expect(result.reasoning).toMatchObject({ news_sentiment: { metrics: { bullish_articles: 0, articles_classified_by_llm: 1 } } });
  });

  it('ignores invalid classifications and clamps confidences', () => {
    const articles = [labelled(null, 2), labelled(null, 1)];
    const result = NEWS_SENTIMENT.aggregate(articles, [
      { index: 5, sentiment: 'positive', confidence: 90 },
      { index: 0, sentiment: 'positive', confidence: 150 },
      { index: 0, sentiment: 'negative', confidence: 99 },
      { index: 1, sentiment: 'positive', confidence: Number.NaN },
    ]);
    // only index 0 (positive, clamped to 100): 0.7·100 + 0.3·100 = 100
    expect(result).toMatchObject({ signal: 'bullish', confidence: 100 });
  });

  it('is neutral with confidence 0 without labelled news', () => {
    expect(NEWS_SENTIMENT.aggregate([], [])).toMatchObject({ signal: 'neutral', confidence: 0 });
    expect(NEWS_SENTIMENT.aggregate([labelled(null, 1)], [])).toMatchObject({ signal: 'neutral', confidence: 0 });
  });
});
