/// The services a municipal utility sells, as every contract spells them (`service_type`):
/// one agreement is for one of them, a meter measures one, a bill rates one.
public enum ServiceType: String, Vocabulary {
    case electric
    case water
    case wastewater
    case solidWaste = "solid_waste"
}
