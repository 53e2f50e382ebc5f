// Network addresses (pure): parsing, CIDRs, and which addresses are not public.
export * from './address.ts';
export * from './special-purpose.ts';
