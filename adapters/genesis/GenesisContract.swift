import SafeXML

/// The published contract the adapter speaks: the namespace and the XSD of `contracts/genesis/schema/`, compiled
/// into the adapter so that a decoder and a schema of different versions can never run together.
struct GenesisContract: Sendable {
    /// Every document of version 1: the feed page, the expired-cursor answer, the fiche pénale.
    static let namespace = "urn:fr:justice:genesis:detention:v1"
    /// The stem every version shares, to tell "another version" from "wrong".
    static let namespaceStem = "urn:fr:justice:genesis:detention:"

    let detention: XMLSchema

    /// Compiled once per process; an adapter is only built when it compiles.
    static let compiled: Result<GenesisContract, XMLSchemaError> = Result { () throws(XMLSchemaError) in
        GenesisContract(detention: try XMLSchema(bytes: PackageResources.detention_v1_xsd))
    }
}
