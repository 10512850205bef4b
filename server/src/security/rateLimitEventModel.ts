// Rate-limit events are inserted, never incremented: an insert is atomic on
// every MongoDB-compatible server, while `$inc` through findOneAndUpdate is not
// on FerretDB v1. Counting inserts in a window is what every instance shares.
import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';

export interface RateLimitEventDocument {
  _id: Types.ObjectId;
  key: string;
  at: Date;
  expiresAt: Date;
}

const rateLimitEventSchema = new Schema<RateLimitEventDocument>(
  {
    key: { type: String, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'rate_limit_events', versionKey: false, strict: 'throw' },
);
rateLimitEventSchema.index({ key: 1, at: 1 });

export type RateLimitEventModel = Model<RateLimitEventDocument>;

export function rateLimitEventModel(db: Connection): RateLimitEventModel {
  return (
    (db.models.RateLimitEvent as RateLimitEventModel | undefined) ??
    db.model<RateLimitEventDocument>('RateLimitEvent', rateLimitEventSchema)
  );
}
