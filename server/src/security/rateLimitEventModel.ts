// Rate-limit events are inserted, never incremented: an insert is atomic on
// every MongoDB-compatible server, while `$inc` through findOneAndUpdate is not
// on FerretDB v1. Counting inserts in a window is what every instance shares.
import type { Model, Types } from 'mongoose';
import { defineModel, required } from '../db/defineModel';

export interface RateLimitEventDocument {
  _id: Types.ObjectId;
  key: string;
  at: Date;
  expiresAt: Date;
}

export const rateLimitEventModel = defineModel<RateLimitEventDocument>('RateLimitEvent', 'rate_limit_events', {
  key: required(String),
  at: required(Date),
  expiresAt: required(Date),
});
rateLimitEventModel.schema.index({ key: 1, at: 1 });

export type RateLimitEventModel = Model<RateLimitEventDocument>;
