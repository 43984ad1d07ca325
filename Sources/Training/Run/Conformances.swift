import Distillers
import Models

// The distillers see networks through their own protocol; Models' outputs already carry
// every field it asks for.
extension Models.NetworkOutputs: Distillers.NetworkOutputs {}
