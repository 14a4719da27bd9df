"""The open registers of organisations, each read in the layout its publisher uses: the charity
registers of England and Wales, Scotland and Northern Ireland, Companies House basic company
data, the FCA Mutuals Public Register and the social housing regulator's list of registered
providers. `REGISTERS` lists them by dataset name."""

from sources.registers.charities_ew import CHARITIES_EW
from sources.registers.charities_ni import CHARITIES_NI
from sources.registers.charities_scotland import CHARITIES_SCOTLAND
from sources.registers.companies import COMPANIES
from sources.registers.housing import HOUSING_PROVIDERS
from sources.registers.mutuals import MUTUALS

REGISTERS = {d.target.dataset: d for d in (CHARITIES_EW, CHARITIES_SCOTLAND, CHARITIES_NI,
                                           COMPANIES, MUTUALS, HOUSING_PROVIDERS)}
