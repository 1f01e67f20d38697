"""Development and test tools: the local runner, sandboxes, the SeaweedFS launcher, test helpers.

Never imported by the runtime (an import-linter contract holds it).
"""
