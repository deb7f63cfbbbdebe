import { ApiProperty } from '@nestjs/swagger';

export class AgentDto {
  @ApiProperty({ example: 'technical_analyst' })
  key: string;

  @ApiProperty({ example: 'Technical Analyst', description: "The SPA's built-in groups look agents up by this name." })
  display_name: string;

  @ApiProperty({ example: 'Chart Pattern Specialist' })
  description: string;

  @ApiProperty({ example: 'Focuses on chart patterns and market trends to make investment decisions.' })
  investing_style: string;

  @ApiProperty({ example: 13 })
  order: number;
}

export class AgentsResponseDto {
  @ApiProperty({ type: [AgentDto], description: 'Sorted by order.' })
  agents: AgentDto[];
}
