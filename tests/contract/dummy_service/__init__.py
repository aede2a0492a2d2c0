"""A service that exists only in the tests: it declares itself through the contract
(kernel/services.py) and touches no shared file. See tests/contract/test_contract.py."""
