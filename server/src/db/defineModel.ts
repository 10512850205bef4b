// Every collection is declared the same way: strict (an unknown field is a bug,
// not data), no version key, and one model per connection however often it is
// asked for. Indexes are declared beside the fields, on `.schema`.
import { Schema } from 'mongoose';
import type { Connection, Model, SchemaDefinition } from 'mongoose';

export function defineModel<T>(name: string, collection: string, fields: SchemaDefinition<T>) {
  const schema = new Schema<T>(fields, { collection, versionKey: false, strict: 'throw' });
  const modelOn = (connection: Connection): Model<T> =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  return Object.assign(modelOn, { schema });
}

/** Field shorthands: most fields are required; nullable ones default to null; optional ones may be absent. */
export const required = <T>(type: T) => ({ type, required: true as const });
export const nullable = <T>(type: T) => ({ type, default: null });
export const optional = <T>(type: T) => ({ type });
