// The address a per-IP limit keys on. One IPv6 host usually owns a whole /64
// (RFC 6177), and a customer a /48: keyed by the full address, a client that
// rotates through its own prefix would escape every per-IP limit. IPv4-mapped
// IPv6 (`::ffff:198.51.100.7`) is the IPv4 address it maps.
import ipaddr from 'ipaddr.js';

/** `narrow`: one host (IPv6 /64). `wide`: one network (IPv6 /48), for limits across accounts. */
export type Bucket = 'narrow' | 'wide';

const PREFIX_GROUPS: Record<Bucket, number> = { narrow: 4, wide: 3 };

/** The bucket of a valid address, or 'unknown' for a missing or malformed one. */
export function ipBucket(ip: string | null, bucket: Bucket): string {
  if (ip === null || !ipaddr.isValid(ip)) return 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const groups = (address as ipaddr.IPv6).parts.slice(0, PREFIX_GROUPS[bucket]);
  return `${groups.map((g) => g.toString(16)).join(':')}::/${groups.length * 16}`;
}
