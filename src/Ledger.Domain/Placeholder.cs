namespace Ledger.Domain; public static class Placeholder {}
