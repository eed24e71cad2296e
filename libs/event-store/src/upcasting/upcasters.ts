/** Turns an event stored under an old schema into the next schema version; pure, unit tested per step. */
export interface Upcaster {
  type: string;
  fromSchemaVersion: number;
  upcast(data: unknown): unknown;
}

/** Applies upcasters on read, one schema step at a time, so stored history is never rewritten. */
export class UpcasterRegistry {
  private readonly steps = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): void {
    const key = `${upcaster.type}@${upcaster.fromSchemaVersion}`;
    if (this.steps.has(key)) throw new Error(`Duplicate upcaster for ${key}`);
    this.steps.set(key, upcaster);
  }

  apply(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let step = this.steps.get(`${type}@${version}`); step; step = this.steps.get(`${type}@${version}`)) {
      current = step.upcast(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
