/**
 * Limits AWS documents for what one stack creates, enforced before anything is created. Each
 * value and its public source is in docs/aws-limits.md. Pure: imports nothing.
 */

/** Tags per resource (EC2, ELB, S3, Route 53 health checks: the smallest is 50). */
export const maxTagsPerResource = 50;

/** Tag keys: 1..128 characters (botocore elbv2 shape TagKey). */
export const maxTagKeyLength = 128;

/** Tag values: 0..256 characters (botocore elbv2 shape TagValue). */
export const maxTagValueLength = 256;

/** Tag keys and values: letters, spaces, digits and _ . : / = + - @ (botocore elbv2 shapes TagKey, TagValue). */
export const tagTextPattern = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The prefix AWS reserves for its own tag keys. */
export const reservedTagPrefix = "aws:";

/** Certificates per Application Load Balancer, not counting the default certificate. */
export const maxCertificatesPerAlb = 25;

/** Target groups per Application Load Balancer. */
export const maxTargetGroupsPerAlb = 100;

/** Rules per Application Load Balancer, not counting the default rules. */
export const maxRulesPerAlb = 100;

/**
 * Characters in one string of a TXT record: "You can enter a value of up to 255 characters in one
 * string in a TXT record" (Route 53 Developer Guide, Supported DNS record types, TXT record type);
 * a longer string is refused with InvalidChangeBatch `CharacterStringTooLong (Value is too long)`.
 */
export const route53TxtStringMaxLength = 255;

/**
 * Characters of all `Value` elements of one ChangeResourceRecordSets request (an UPSERT counts each
 * character twice): Route 53 Developer Guide, Quotas, "Maximums on API requests".
 */
export const route53ChangeBatchValueCharacters = 32000;

/** `ResourceRecord` elements of one ChangeResourceRecordSets request (an UPSERT counts each twice): same page. */
export const route53ChangeBatchResourceRecords = 1000;
