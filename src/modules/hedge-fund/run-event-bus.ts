import { Observable, Subject } from 'rxjs';
import { DONE_STATUS, type HedgeFundEvent, type ProgressEvent } from './sse-events';

/**
 * One bus per run: agents and the backtest loop publish here and only this run's stream subscribes,
 * so a stream never carries another run's events. It also remembers which agents have reported
 * without a final `Done`, so the stream can close them (the SPA keeps a node "in progress" otherwise).
 */
export class RunEventBus {
  private readonly subject = new Subject<HedgeFundEvent>();
  private readonly open = new Set<string>();
  private closed = false;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  get events(): Observable<HedgeFundEvent> {
    return this.subject.asObservable();
  }

  now(): string {
    return this.clock().toISOString();
  }

  publish(event: HedgeFundEvent): void {
    if (this.closed) return;
    if (event.type === 'progress') {
      if (event.status === DONE_STATUS) this.open.delete(event.agent);
      else this.open.add(event.agent);
    }
    this.subject.next(event);
  }

  progress(agent: string, ticker: string | null, status: string, analysis: string | null = null): void {
    const event: ProgressEvent = { type: 'progress', agent, ticker, status, timestamp: this.now(), analysis };
    this.publish(event);
  }

  done(agent: string, ticker: string | null = null, analysis: string | null = null): void {
    this.progress(agent, ticker, DONE_STATUS, analysis);
  }

  /** Sends `Done` for every agent still open (after a failure, or agents that reported no final line). */
  closeOpenAgents(): void {
    for (const agent of [...this.open]) this.done(agent);
  }

  /** Ends the bus: later publications (a node finishing after cancellation) are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.subject.complete();
  }
}
