/// The customer classes tariffs and usage thresholds are set per, as every contract spells
/// them (`rate_class`): an agreement bills in one, a tariff is written for one.
public enum RateClass: String, Vocabulary {
    case residential
    case smallCommercial = "small_commercial"
    case largeCommercial = "large_commercial"
    case industrial
    case lighting
}
