"""ProposalService: parse each request, run one use case, map the result."""

from __future__ import annotations

from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message
from officer.v1 import proposal_service_pb2, proposal_service_pb2_grpc

from service.kernel.clock import Clock, system_clock
from service.kernel.ports import Transactions
from service.platform import handling, names, paging
from service.proposals import messages, use_cases
from service.proposals.ports import UnitOfWork
from service.proposals.use_cases import Settings

R = TypeVar("R", bound=Message)
pb = proposal_service_pb2
_SERVICE = "/officer.v1.ProposalService/"
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ProposalServicer(proposal_service_pb2_grpc.ProposalServiceServicer):
    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        *,
        settings: Settings | None = None,
        clock: Clock = system_clock,
    ):
        self._transactions = transactions
        self._settings = settings or Settings()
        self._clock = clock
        self._mutate = handling.Mutations(transactions, clock, _SERVICE)

    async def CreateProposal(
        self, request: pb.CreateProposalRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateProposalResponse:
        area = names.parse(names.SCOPE_NODE, request.scope_node, "scope_node", "scopeNodes/{code}")
        return await self._mutate(
            request,
            "CreateProposal",
            pb.CreateProposalResponse,
            lambda uow, caller, now: pb.CreateProposalResponse(
                proposal=messages.proposal(
                    use_cases.propose(
                        uow, caller=caller, area=area, settings=self._settings, now=now
                    )
                )
            ),
        )

    async def GetProposal(
        self, request: pb.GetProposalRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetProposalResponse:
        proposal_id = messages.proposal_id(request.name)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.get(
                uow, caller=caller, proposal_id=proposal_id, settings=self._settings
            ),
        )
        return pb.GetProposalResponse(proposal=messages.proposal(found))

    async def ListProposals(
        self, request: pb.ListProposalsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListProposalsResponse:
        under = (
            names.parse(names.SCOPE_NODE, request.scope_node, "scope_node", "scopeNodes/{code}")
            if request.scope_node
            else None
        )
        page = paging.Page.of(
            request, f"proposals|{under}", default=PAGE_SIZE, maximum=MAX_PAGE_SIZE
        )
        before = paging.time_and_id(page.after) if page.after else None
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_proposals(
                uow, caller=caller, under=under, before=before, limit=page.fetch
            ),
        )
        shown, token = page.cut(
            found, lambda p: paging.time_and_id_key(p.create_time, p.proposal_id)
        )
        return pb.ListProposalsResponse(
            proposals=[messages.proposal(p) for p in shown], next_page_token=token
        )

    async def ListProposalLines(
        self, request: pb.ListProposalLinesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListProposalLinesResponse:
        proposal_id = messages.proposal_id(request.parent, "parent")
        page = paging.Page.of(request, f"lines|{proposal_id}|{request.only_moves}")
        after = paging.line_number(page.after)
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_lines(
                uow,
                caller=caller,
                proposal_id=proposal_id,
                only_moves=request.only_moves,
                after=after,
                limit=page.fetch,
            ),
        )
        shown, token = page.cut(found, lambda line: str(line.number))
        return pb.ListProposalLinesResponse(
            lines=[messages.line(proposal_id, line) for line in shown], next_page_token=token
        )

    async def AcceptProposal(
        self, request: pb.AcceptProposalRequest, context: grpc.aio.ServicerContext
    ) -> pb.AcceptProposalResponse:
        proposal_id = messages.proposal_id(request.name)
        lines = messages.line_numbers(proposal_id, list(request.lines))
        overrides = messages.overrides(proposal_id, list(request.overrides))

        def change(uow: UnitOfWork, caller: Any, now: Any) -> pb.AcceptProposalResponse:
            done = use_cases.accept(
                uow,
                caller=caller,
                proposal_id=proposal_id,
                all_lines=request.all_lines,
                lines=lines,
                overrides=overrides,
                note=request.note,
                settings=self._settings,
                now=now,
            )
            return pb.AcceptProposalResponse(
                proposal=messages.proposal(done.proposal),
                officers_changed=done.officers_changed,
            )

        return await self._mutate(request, "AcceptProposal", pb.AcceptProposalResponse, change)
