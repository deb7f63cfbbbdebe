// The part of autocannon 8's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    interface Histogram {
      readonly average: number;
      readonly p50: number;
      readonly p99: number;
      readonly max: number;
    }

    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Worker threads running the load (connections are split among them). */
      workers?: number;
      duration?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      requests?: (Request & { setupRequest?: (request: Request) => Request })[];
    }

    interface Result {
      readonly requests: Histogram & { readonly total: number };
      readonly latency: Histogram;
      readonly non2xx: number;
      readonly errors: number;
      readonly timeouts: number;
      readonly duration: number;
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
