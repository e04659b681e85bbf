"""Admin commands of ``officer-module`` beyond serving: each runs a capability's
use cases over the database, as a named user, beside the gRPC API."""
