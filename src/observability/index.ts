// The hub's observability: Prometheus metrics (./metrics.ts, METRICS_TOKEN) and OpenTelemetry
// tracing (./tracing.ts, OTEL_EXPORTER_OTLP_ENDPOINT). Each hook below is nothing at all (no
// plugin, no middleware, no wrapper) when its side is off.
import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { App } from '../app/app';
import { metricsOf, operationNameOf } from './metrics';
import { instrumentResolvers, traceFastPath, tracingActive, tracingMiddleware, tracingPlugin, withSpan } from './tracing';

export { metricsOf, mountMetrics, type MetricSources } from './metrics';
export { installTracing, tracingActive, withSpan, type TracingOptions } from './tracing';

/** Apollo plugins: tracing first (it names the request span), then metrics. */
export function observabilityPlugins(app: App): ApolloServerPlugin<object>[] {
  const plugins: ApolloServerPlugin<object>[] = [];
  if (tracingActive()) plugins.push(tracingPlugin());
  const metrics = metricsOf(app);
  if (metrics) plugins.push(metrics.apolloPlugin());
  return plugins;
}

/** Resolver spans and the subscription-lag probe; call once the planner is installed. */
export function instrumentSchema(app: App, schema: GraphQLSchema): void {
  metricsOf(app)?.instrumentSubscriptions(schema);
  instrumentResolvers(schema);
}

/** Express middleware on /graphql after the body is parsed (the request span). */
export function requestObservers(): express.RequestHandler[] {
  return tracingMiddleware();
}

export type FastPathObserver = (plan: object, request: { query: string; operationName?: unknown }, startedAt: number) => void;

/** What the HTTP fast path reports after answering from a compiled plan; undefined when nothing listens. */
export function fastPathObserver(app: App): FastPathObserver | undefined {
  const metrics = metricsOf(app);
  if (!tracingActive()) return metrics?.fastPath;
  const names = new WeakMap<object, string>();
  return (plan, request, startedAt) => {
    metrics?.fastPath(plan, request, startedAt);
    let name = names.get(plan);
    if (name === undefined) {
      name = operationNameOf(request);
      names.set(plan, name);
    }
    traceFastPath(name);
  };
}

/** An SLA sweep, timed (metrics) and in a span of its own (tracing); just the sweep when both are off. */
export async function observeSweep(app: App, sweep: () => Promise<number>): Promise<number> {
  const metrics = metricsOf(app);
  if (!metrics && !tracingActive()) return sweep();
  const started = performance.now();
  try {
    const raised = await withSpan('sla.sweep', sweep);
    metrics?.sweep(performance.now() - started, raised);
    return raised;
  } catch (err) {
    metrics?.sweep(performance.now() - started, null);
    throw err;
  }
}
