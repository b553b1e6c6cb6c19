import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";
import type { FastifyServerOptions } from "fastify";

type Factory = NonNullable<
  NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]
>["buildSerializer"];
type Serializer = (data: unknown) => string;

/**
 * Response serialisers compiled when first needed instead of all at start-up. Fastify compiles
 * one fast-json-stringify function per route and status before it listens: with billet's few
 * hundred routes that was a quarter of a second of the time to the first answer. Here each is
 * compiled at its first use, or by `compilePending()` (which the server runs, a few at a time,
 * once it listens), with Fastify's own compiler and options: the same functions, the same
 * output. A schema fast-json-stringify refuses is still found by a test
 * (test/api/serializers.test.ts compiles them all).
 */
export class LazySerializers {
  private readonly pending = new Set<() => void>();

  /** The `schemaController.compilersFactory.buildSerializer` Fastify is given. */
  readonly factory: Factory = (externalSchemas, options) => {
    const compile = SerializerSelector()(externalSchemas, options);
    return (route) => {
      let serialize: Serializer | undefined;
      const build = () => {
        this.pending.delete(build);
        serialize ??= compile(route as Parameters<typeof compile>[0]);
        return serialize;
      };
      this.pending.add(build);
      return (data: unknown) => (serialize ?? build())(data);
    };
  };

  /** How many serialisers are not compiled yet. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Compiles what is still pending, `batch` at a time with a turn of the event loop between
   * batches, so that requests arriving meanwhile are answered without waiting for all of them.
   * Rejects with the first schema that does not compile.
   */
  async compilePending(batch = 8): Promise<number> {
    let compiled = 0;
    while (this.pending.size > 0) {
      for (const build of [...this.pending].slice(0, batch)) {
        build();
        compiled++;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return compiled;
  }
}

const OF_APP = new WeakMap<object, LazySerializers>();

/** Records which LazySerializers an app was built with (createApp). */
export function attachSerializers(app: object, serializers: LazySerializers): void {
  OF_APP.set(app, serializers);
}

/** The LazySerializers of an app made by createApp. */
export function serializersOf(app: object): LazySerializers | undefined {
  return OF_APP.get(app);
}
