"""The open registers of organisations that say who is a voluntary, community or social
enterprise: the charity registers of England and Wales, Scotland and Northern Ireland, Companies
House basic company data, the FCA Mutuals Public Register and the list of registered providers of
social housing. Each asset loads the newest file dropped for it, replacing the last one (for
Companies House, the same part of the register).
"""

import dagster as dg

from pipelines.assets.registers import REFERENCE, _load, _results
from pipelines.newest import LoadConfig
from pipelines.resources import Warehouse
from sources.registers.charities_ew import CHARITIES_EW
from sources.registers.charities_ni import CHARITIES_NI
from sources.registers.charities_scotland import CHARITIES_SCOTLAND
from sources.registers.companies import COMPANIES
from sources.registers.housing import HOUSING_PROVIDERS
from sources.registers.mutuals import MUTUALS


@dg.asset(key=["staging", "register_charities_ew"], **REFERENCE)
def register_charities_ew(context: dg.AssetExecutionContext, config: LoadConfig,
                          warehouse: Warehouse):
    """The Charity Commission's register of charities in England and Wales: one row per charity
    (and linked charity), registered or removed, with its number, name, status, dates of
    registration and removal, and the company number of a charitable company."""
    yield from _results(_load(context, warehouse, CHARITIES_EW, config))


@dg.asset(key=["staging", "register_charities_scotland"], **REFERENCE)
def register_charities_scotland(context: dg.AssetExecutionContext, config: LoadConfig,
                                warehouse: Warehouse):
    """The Scottish Charity Register (OSCR): one row per charity, its SC number, name, status,
    constitutional form and dates."""
    yield from _results(_load(context, warehouse, CHARITIES_SCOTLAND, config))


@dg.asset(key=["staging", "register_charities_ni"], **REFERENCE)
def register_charities_ni(context: dg.AssetExecutionContext, config: LoadConfig,
                          warehouse: Warehouse):
    """The Charity Commission for Northern Ireland's register: one row per charity, its number,
    name, status, date registered and company number."""
    yield from _results(_load(context, warehouse, CHARITIES_NI, config))


@dg.asset(key=["staging", "register_companies"], **REFERENCE)
def register_companies(context: dg.AssetExecutionContext, config: LoadConfig,
                       warehouse: Warehouse):
    """Companies House basic company data: one row per live company, its number, name,
    category (private limited, limited by guarantee, community interest company, ...), status
    and dates; loaded per part of the register when it comes in parts."""
    yield from _results(_load(context, warehouse, COMPANIES, config))


@dg.asset(key=["staging", "register_mutuals"], **REFERENCE)
def register_mutuals(context: dg.AssetExecutionContext, config: LoadConfig,
                     warehouse: Warehouse):
    """The FCA Mutuals Public Register: one row per society (co-operative, community benefit
    society, credit union, ...), registered or deregistered, with its dates."""
    yield from _results(_load(context, warehouse, MUTUALS, config))


@dg.asset(key=["staging", "register_housing_providers"], **REFERENCE)
def register_housing_providers(context: dg.AssetExecutionContext, config: LoadConfig,
                               warehouse: Warehouse):
    """The Regulator of Social Housing's registered providers: one row per provider, its
    registration number, designation (non-profit, profit, local authority) and corporate
    form."""
    yield from _results(_load(context, warehouse, HOUSING_PROVIDERS, config))
