namespace Ledger.Projections; public static class Placeholder {}
