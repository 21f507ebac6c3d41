"""sovet: workers' councils, federated through recallable delegates."""

__version__ = "0.1.0"
